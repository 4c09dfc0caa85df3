"""Staff knowledge pages: the employees' booklet on serving refugees and other residents who
reach services least (working with an interpreter, consent, referrals, protection, accessible
service, legal statuses, equal treatment), as pages in the six languages that the directorate's
editors keep up to date, linked from the staff screens where each topic comes up."""
