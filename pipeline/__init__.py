"""Plan A: from workshop harvest and advisers' workbooks to a checked plan and its documents."""
