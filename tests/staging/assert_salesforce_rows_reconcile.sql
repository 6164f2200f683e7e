-- Every raw row of every Salesforce object is staged, superseded by a newer version,
-- soft-deleted or kept in the audit model: none is lost or counted twice.
select *
from {{ ref('stg_salesforce__row_counts') }}
where unexplained_rows <> 0
