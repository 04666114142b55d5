"""Services: the application's logic, shared by the CLI, the pages and the API."""
