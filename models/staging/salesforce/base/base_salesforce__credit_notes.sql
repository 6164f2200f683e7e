{{ salesforce_staging_base('blng__CreditNote__c') }}
