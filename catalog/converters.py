"""URL converters for the public catalogue."""


class DivisionCodeConverter:
    """A 12-digit statistical division code; anything else never reaches a view (and so never the database)."""

    regex = r"\d{12}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)
