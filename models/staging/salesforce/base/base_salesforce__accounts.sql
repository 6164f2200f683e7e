{{ salesforce_staging_base('Account') }}
