{{ salesforce_staging_base('ProcessInstance') }}
