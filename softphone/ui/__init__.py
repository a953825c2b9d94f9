"""Qt front end. Only this package imports PySide6 widgets."""

from softphone.ui.qt_guard import protect_bool_refcounts

protect_bool_refcounts()  # before any signal is emitted; see qt_guard for the PySide6 6.12.0 bug
