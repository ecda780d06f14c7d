# JupyterHub settings for the Fair ML Certificate with nbgrader's exchange, on The Littlest
# JupyterHub: copy to /opt/tljh/config/jupyterhub_config.d/ and run `sudo tljh-config reload`.
# Needed once per hub, not per course: courses are hub groups (nbgrader-<course> for learners,
# formgrade-<course> for graders), created and filled from the admin page or the REST API
# without a restart (deploy/README.md).
c = get_config()  # noqa: F821

# nbgrader's JupyterHubAuthPlugin (in the learners' nbgrader_config.py) lists a learner's
# courses from their groups, asked with their server's own token: that token must read them.
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    "read:users:name!user",
    "read:users:groups!user",
]
# Learners' servers open JupyterLab (nbgrader's Assignment List lives there).
c.Spawner.default_url = "/lab"
