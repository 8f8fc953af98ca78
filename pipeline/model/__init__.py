"""The plan model (`plan`: immutable records that know their source), its public view (`public`: the
allow-list every college and review document is made from) and the audiences. Uses only `base`."""
