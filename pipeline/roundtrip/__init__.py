"""The review round trip's commands: `send` records what was sent, `reactions` takes the returned copies in.

They are the only code that writes into inputs/, and they only add: a record is never overwritten (an
earlier one moves to verzonden/eerder-N/), a row of reacties.xlsx is never changed or removed (the
previous workbook is kept as reacties.vorige.xlsx). Each reads and checks everything first and writes
only when all of it succeeded.
"""
