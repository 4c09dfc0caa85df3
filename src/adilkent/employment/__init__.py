"""The road to a job: a person's profile and CV (shared only with their consent), employers
and vacancies, referrals with their outcome, follow-ups at 3 and 6 months, the mobile
employment point's registrations (entered offline, sent when the connection returns), and
the funnel from course to lasting job.

Placement (this app) is kept apart from qualification (:mod:`adilkent.courses`): a referral
never changes a certificate, and a certificate is not needed for a referral.
"""
