"""The example XLSForm shipped with the app and the script that writes it."""
