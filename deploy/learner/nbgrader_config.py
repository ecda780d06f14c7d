# nbgrader for learners on this hub (written by faircourse, autograder/classroom.py).
# Courses come from the learner's JupyterHub groups nbgrader-<course>.
c = get_config()  # noqa: F821
c.Exchange.root = "/srv/nbgrader/exchange"
c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
c.Exchange.path_includes_course = True
