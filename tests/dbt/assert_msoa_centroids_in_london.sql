-- Every MSOA centroid shipped for London lies in London (the upstream data
-- once placed 20 of them in north-west England).
select
    msoa_code,
    easting,
    northing
from {{ ref('ref_msoas') }}
where
    easting not between 490000 and 570000
    or northing not between 150000 and 210000
