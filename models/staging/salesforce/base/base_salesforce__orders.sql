{{ salesforce_staging_base('Order') }}
