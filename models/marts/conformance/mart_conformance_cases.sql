{#-
    One row per staged invoice with the number of conformance rules checked on it and
    violated by it. It reads no model that reads dim_invoices, so dim_invoices can join
    it by invoice_number.
-#}
with

cases as (
    select * from {{ ref('int_conformance__case_attributes') }}
),

checks as (
    select * from {{ ref('int_conformance__checks') }}
),

case_summary as (
    select
        invoice_number,
        count(*) as checked_rule_count,
        sum(case when is_violated then 1 else 0 end) as violated_rule_count
    from checks
    group by invoice_number
),

violated_rules as (
    select
        invoice_number,
        {{ ordered_string_agg('rule_id', "', '", 'rule_id') }} as violated_rule_ids
    from checks
    where is_violated
    group by invoice_number
),

final as (
    select
        cases.invoice_number,
        cases.invoice_id,
        cast(coalesce(case_summary.checked_rule_count, 0) as integer)
            as checked_rule_count,
        cast(coalesce(case_summary.violated_rule_count, 0) as integer)
            as violated_rule_count,
        violated_rules.violated_rule_ids,
        coalesce(case_summary.violated_rule_count, 0) = 0 as is_conformant
    from cases
    left join case_summary
        on cases.invoice_number = case_summary.invoice_number
    left join violated_rules
        on cases.invoice_number = violated_rules.invoice_number
)

select * from final
