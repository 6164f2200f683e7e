{{ salesforce_staging_base('ProcessInstanceStep') }}
