"""Fair allocation of limited places: child centres, courses, trainings (plain Python, no Django).

- :mod:`.priority`: priority rules as dated, versioned data; the points of an applicant, with
  the reason for each point.
- :mod:`.lottery`: the published, seeded lottery that breaks ties; anyone can re-run it.
- :mod:`.engine`: places filled in rank order, each applicant getting the first of their
  choices with a free place; waiting lists per place; a new round after a cancellation or a
  declined offer, which never takes a place from anyone who holds one.
"""
