{{ salesforce_staging_base('blng__Payment__c') }}
