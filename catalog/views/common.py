"""Helpers the public catalogue views share."""

PAGE_SIZE = 20
LATEST = 10


def in_subtree(prefix: str, node) -> dict:
    """Filter kwargs for rows whose `prefix` (an MPTT foreign key) is `node` or below it."""
    if node.rght == node.lft + 1:
        return {prefix: node}  # a leaf: use the foreign-key index, no join
    return {f"{prefix}__tree_id": node.tree_id, f"{prefix}__lft__gte": node.lft, f"{prefix}__rght__lte": node.rght}
