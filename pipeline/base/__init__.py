"""What every stage may use: the exception tree, the problem collector, Dutch formats and collation,
child processes and the forked half of the build. Imports nothing else of the pipeline."""
