{{ salesforce_staging_base('OrderHistory') }}
