"""The desktop app: Qt widgets over the `workbook` API."""
