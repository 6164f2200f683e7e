{{ salesforce_staging_base('blng__PaymentAllocationInvoice__c') }}
