#!/bin/sh
# The learners' side of the course, installed into the Python environment that runs the
# learners' single-user servers (TLJH: /opt/tljh/user/bin/python; an image: its python):
#   - the learner's distribution (fairkit + faircheck; never the autograder) and its deps;
#   - nbgrader's learner tools only: Assignment List and Validate stay, the Formgrader,
#     Create Assignment and Course List (instructor tools) are switched off;
#   - nbgrader_config.py for learners: the exchange, courses from the hub groups.
# Then it checks that `import autograder` fails in that environment.
#
# usage: deploy/learner/setup-learner-env.sh PYTHON [EXCHANGE]   (as the owner of PYTHON)
set -eu
PY=${1:?usage: setup-learner-env.sh PYTHON [EXCHANGE]}
EXCHANGE=${2:-/srv/nbgrader/exchange}
HERE=$(cd "$(dirname "$0")" && pwd)
"$PY" -m pip install --quiet "$HERE"
PREFIX=$("$PY" -c 'import sys; print(sys.prefix)')
JUPYTER="$PREFIX/bin/jupyter"
"$JUPYTER" server extension disable --sys-prefix nbgrader.server_extensions.formgrader \
  nbgrader.server_extensions.course_list >/dev/null 2>&1
"$JUPYTER" labextension disable --level=sys_prefix @jupyter/nbgrader:formgrader \
  @jupyter/nbgrader:create-assignment @jupyter/nbgrader:course-list >/dev/null 2>&1
mkdir -p "$PREFIX/etc/jupyter"
sed "s#\"/srv/nbgrader/exchange\"#\"$EXCHANGE\"#" "$HERE/nbgrader_config.py" \
  > "$PREFIX/etc/jupyter/nbgrader_config.py"
cd /  # not the repository: its autograder/ folder would be importable from here
"$PY" -c 'import importlib.util as u, sys
sys.exit("autograder is importable in the learners environment: uninstall it" if u.find_spec("autograder") else 0)'
"$PY" -c 'import fairkit, faircheck, nbgrader; print("learner environment ready:", fairkit.__file__)'
