{{ salesforce_staging_base('blng__Invoice__c') }}
