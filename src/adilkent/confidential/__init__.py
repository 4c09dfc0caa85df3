"""The confidential channel for reports of violence, harassment, mobbing and discrimination.

A report's contents and attachments are encrypted end to end: only the recipients designated
for its kind (and the data protection officer's escrow key, which exists so that losing a
recipient does not lose reports) can read it, with their passphrase; the reporter reads the
replies with their receipt. The database, the stored files and the server's settings hold
nothing that opens a report. Anyone the reporter names among the recipients, or who declares
a conflict, is excluded: their key is never given the report (or is destroyed), and the report
does not exist for them.
"""
