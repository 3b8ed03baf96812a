def account(request):
    """The signed-in user's account (role, title) for the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"account": None}
    return {"account": getattr(user, "account", None)}
