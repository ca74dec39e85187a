import sys

from assessment.cli.main import main

sys.exit(main())
