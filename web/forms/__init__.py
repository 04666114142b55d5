"""WTForms forms: labels, validation and CSRF for every page that changes something."""
