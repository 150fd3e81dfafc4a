"""How staff are named on screen: by their real name (姓名), kept in the user's `first_name`.

Django's User splits a name into first and last names, which does not fit Chinese names; the whole 姓名 is stored
in `first_name` (the user admin labels it 姓名) and `last_name` stays empty. `PortalConfig.ready` makes this the
user's `str()`, so every admin column, read-only field, timeline and log that shows a user shows the name.
"""


def display_name(user) -> str:
    """The user's 姓名, or the login name for an account that has none yet."""
    return (user.get_full_name() or user.get_username()).strip()
