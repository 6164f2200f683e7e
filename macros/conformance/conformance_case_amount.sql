{#-
    The amount of a case that a rule's compare_field names, as a SQL expression over the
    case attributes (int_conformance__case_attributes). An unknown name gives null, so
    the seed's accepted_values test on compare_field lists the same names.
-#}
{% macro conformance_case_amount(compare_field, cases) %}
    case {{ compare_field }}
        when 'total_amount_corporate' then {{ cases }}.total_amount_corporate
        when 'total_amount' then {{ cases }}.total_amount
        when 'open_balance_amount' then {{ cases }}.open_balance_amount
    end
{%- endmacro %}

{#-
    The moment of a case that a rule's compare_field names: the start of that date in
    the org's timezone, as a UTC timestamp. An unknown name gives null.
-#}
{% macro conformance_case_moment(compare_field, cases) %}
    case {{ compare_field }}
        when 'due_on' then {{ cases }}.due_on_start_at
        when 'invoiced_on' then {{ cases }}.invoiced_on_start_at
    end
{%- endmacro %}
