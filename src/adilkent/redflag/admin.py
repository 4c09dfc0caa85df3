"""Red Flag records in the admin: read-only (roles are given with ``red_flag_staff``)."""
