{{ salesforce_staging_base('Task') }}
