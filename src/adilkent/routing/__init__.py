"""Mobile service planning (no Django): periodic multi-day routes for services that travel."""
