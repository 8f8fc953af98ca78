"""Stage 3, render: the plan into documents. The college and review documents are made from the public
view only (`model.public`); the confidential attachment and the team's files from the whole plan. Uses
`documents` for the Word machinery, and `model` and `base`; never reading or checking."""
