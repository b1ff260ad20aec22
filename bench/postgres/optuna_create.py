# Create the Optuna study (and its schema) once, before the workers load it.
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
optuna.create_study(study_name=sys.argv[2], storage=optuna.storages.RDBStorage(sys.argv[1]), direction="minimize")
