"""iCalendar (RFC 5545): the subscribable feeds and `import_ics`."""
