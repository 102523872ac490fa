"""Page renderers of the tuned layout families, one module per group of doc types, and their specs."""
from models.enums import DocType
from synthetic.pages import billing, civil, clinical, identity, legal, other, rail_air, road_sea
from synthetic.pages.base import DocSpec

SPECS: dict[DocType, DocSpec] = {
    **identity.SPECS, **billing.SPECS, **clinical.SPECS, **civil.SPECS, **legal.SPECS,
    **rail_air.SPECS, **road_sea.SPECS, **other.SPECS,
}
