{{ salesforce_staging_base('User') }}
