"""Qt front end. Only this package imports PySide6 widgets."""
