"""Plan A: from workshop harvest and advisers' workbooks to a checked plan and its documents.

The folders are the stages, each using only the ones below it (checked by import-linter, see
pyproject.toml):

    __main__, stamp   the command line, and make's up-to-date check
    build             the whole build as a script: read, check, render, write
    rendering         stage 3: the plan into documents (college, review, internal)
    writing           stage 4: where a build may write (output_folder), and the atomic swap
    starting          `new`: a blank input set, from the one definition of the workbooks (model/schema)
    checking          stage 2: cross-references, frames, leaks; yields the Plan
    reading           stage 1: every input file into typed records
    model             the plan model and its public view
    documents         Word and PDF machinery that knows nothing about plans
    base              what every stage may use: errors, problems, Dutch formats, processes
"""
