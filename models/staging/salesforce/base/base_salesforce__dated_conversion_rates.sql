{{ salesforce_staging_base('DatedConversionRate') }}
