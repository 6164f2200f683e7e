{{ salesforce_staging_base('EmailMessage') }}
