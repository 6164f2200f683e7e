{#-
    The Salesforce objects that o2c_billing reads, with the fields it uses.

    One entry per object:
      name      API name of the object; also the raw table name and the export's file name
      model     plural entity name of its staging model (stg_salesforce__<model>)
      optional  true when the export may leave the object out; it then loads as an empty table
      fields    API field name, staged column name, type, and flags:
                  optional_column  the file may lack the column; it loads as nulls
                  not_null         a row without a value is unusable and goes to the audit model
                  parent           staging model of the record the Id points to; a value that
                                   matches no staged record sends the row to the audit model
    Types: id (15 or 18 characters, stored as 18), text, timestamp (stored in UTC),
    date, boolean, amount (2 decimals), rate (9 decimals).
-#}
{% macro salesforce_objects() %}
    {%- set objects = [
        {'name': 'User', 'model': 'users', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'user_id', 'type': 'id', 'not_null': true},
            {'api': 'Name', 'column': 'user_name', 'type': 'text'},
            {'api': 'Department', 'column': 'department', 'type': 'text'},
            {'api': 'IsActive', 'column': 'is_active', 'type': 'boolean'},
            {'api': 'UserType', 'column': 'user_type', 'type': 'text'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'optional_column': true},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'Account', 'model': 'accounts', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'account_id', 'type': 'id', 'not_null': true},
            {'api': 'Name', 'column': 'account_name', 'type': 'text'},
            {'api': 'BillingCountry', 'column': 'billing_country', 'type': 'text'},
            {'api': 'BillingCountryCode', 'column': 'billing_country_code', 'type': 'text'},
            {'api': 'Payment_Terms__c', 'column': 'payment_terms', 'type': 'text', 'optional_column': true},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'optional_column': true},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'Order', 'model': 'orders', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'order_id', 'type': 'id', 'not_null': true},
            {'api': 'OrderNumber', 'column': 'order_number', 'type': 'text'},
            {'api': 'AccountId', 'column': 'account_id', 'type': 'id', 'parent': 'stg_salesforce__accounts'},
            {'api': 'Status', 'column': 'order_status', 'type': 'text'},
            {'api': 'EffectiveDate', 'column': 'effective_on', 'type': 'date'},
            {'api': 'ActivatedDate', 'column': 'activated_at', 'type': 'timestamp'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'OrderHistory', 'model': 'order_history', 'optional': true, 'fields': [
            {'api': 'Id', 'column': 'order_history_id', 'type': 'id', 'not_null': true},
            {'api': 'OrderId', 'column': 'order_id', 'type': 'id', 'not_null': true, 'parent': 'stg_salesforce__orders'},
            {'api': 'Field', 'column': 'field_name', 'type': 'text'},
            {'api': 'OldValue', 'column': 'old_value', 'type': 'text'},
            {'api': 'NewValue', 'column': 'new_value', 'type': 'text'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean', 'optional_column': true},
        ]},
        {'name': 'blng__Invoice__c', 'model': 'invoices', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'invoice_id', 'type': 'id', 'not_null': true},
            {'api': 'Name', 'column': 'invoice_number', 'type': 'text', 'not_null': true},
            {'api': 'blng__Account__c', 'column': 'account_id', 'type': 'id', 'not_null': true, 'parent': 'stg_salesforce__accounts'},
            {'api': 'blng__Order__c', 'column': 'order_id', 'type': 'id', 'parent': 'stg_salesforce__orders'},
            {'api': 'blng__InvoiceDate__c', 'column': 'invoiced_on', 'type': 'date'},
            {'api': 'blng__DueDate__c', 'column': 'due_on', 'type': 'date'},
            {'api': 'blng__InvoiceStatus__c', 'column': 'invoice_status', 'type': 'text'},
            {'api': 'blng__PaymentStatus__c', 'column': 'payment_status', 'type': 'text'},
            {'api': 'blng__TotalAmount__c', 'column': 'total_amount', 'type': 'amount'},
            {'api': 'blng__Balance__c', 'column': 'balance_amount', 'type': 'amount'},
            {'api': 'blng__PaymentMethod__c', 'column': 'payment_method', 'type': 'text'},
            {'api': 'CurrencyIsoCode', 'column': 'currency_code', 'type': 'text', 'optional_column': true},
            {'api': 'Payment_Terms__c', 'column': 'payment_terms', 'type': 'text', 'optional_column': true},
            {'api': 'Billing_Department__c', 'column': 'billing_department', 'type': 'text', 'optional_column': true},
            {'api': 'OwnerId', 'column': 'owner_id', 'type': 'id'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp'},
        ]},
        {'name': 'blng__Invoice__History', 'model': 'invoice_history', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'invoice_history_id', 'type': 'id', 'not_null': true},
            {'api': 'ParentId', 'column': 'invoice_id', 'type': 'id', 'not_null': true, 'parent': 'stg_salesforce__invoices'},
            {'api': 'Field', 'column': 'field_name', 'type': 'text'},
            {'api': 'OldValue', 'column': 'old_value', 'type': 'text'},
            {'api': 'NewValue', 'column': 'new_value', 'type': 'text'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
        ]},
        {'name': 'blng__Payment__c', 'model': 'payments', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'payment_id', 'type': 'id', 'not_null': true},
            {'api': 'Name', 'column': 'payment_number', 'type': 'text'},
            {'api': 'blng__Account__c', 'column': 'account_id', 'type': 'id', 'parent': 'stg_salesforce__accounts'},
            {'api': 'blng__Invoice__c', 'column': 'invoice_id', 'type': 'id', 'parent': 'stg_salesforce__invoices'},
            {'api': 'blng__Amount__c', 'column': 'payment_amount', 'type': 'amount'},
            {'api': 'blng__PaymentDate__c', 'column': 'paid_on', 'type': 'date'},
            {'api': 'blng__PaymentType__c', 'column': 'payment_type', 'type': 'text'},
            {'api': 'blng__Status__c', 'column': 'payment_status', 'type': 'text'},
            {'api': 'CurrencyIsoCode', 'column': 'currency_code', 'type': 'text', 'optional_column': true},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id', 'optional_column': true},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'blng__Payment__History', 'model': 'payment_history', 'optional': true, 'fields': [
            {'api': 'Id', 'column': 'payment_history_id', 'type': 'id', 'not_null': true},
            {'api': 'ParentId', 'column': 'payment_id', 'type': 'id', 'not_null': true, 'parent': 'stg_salesforce__payments'},
            {'api': 'Field', 'column': 'field_name', 'type': 'text'},
            {'api': 'OldValue', 'column': 'old_value', 'type': 'text'},
            {'api': 'NewValue', 'column': 'new_value', 'type': 'text'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean', 'optional_column': true},
        ]},
        {'name': 'blng__PaymentAllocationInvoice__c', 'model': 'payment_allocations', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'payment_allocation_id', 'type': 'id', 'not_null': true},
            {'api': 'blng__Payment__c', 'column': 'payment_id', 'type': 'id', 'not_null': true, 'parent': 'stg_salesforce__payments'},
            {'api': 'blng__Invoice__c', 'column': 'invoice_id', 'type': 'id', 'not_null': true, 'parent': 'stg_salesforce__invoices'},
            {'api': 'blng__Amount__c', 'column': 'allocation_amount', 'type': 'amount', 'not_null': true},
            {'api': 'blng__Type__c', 'column': 'allocation_type', 'type': 'text', 'not_null': true},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'blng__CreditNote__c', 'model': 'credit_notes', 'optional': true, 'fields': [
            {'api': 'Id', 'column': 'credit_note_id', 'type': 'id', 'not_null': true},
            {'api': 'Name', 'column': 'credit_note_number', 'type': 'text'},
            {'api': 'blng__RelatedInvoice__c', 'column': 'invoice_id', 'type': 'id', 'parent': 'stg_salesforce__invoices'},
            {'api': 'blng__CreditNoteDate__c', 'column': 'credited_on', 'type': 'date'},
            {'api': 'blng__TotalAmount__c', 'column': 'credit_note_amount', 'type': 'amount'},
            {'api': 'blng__Status__c', 'column': 'credit_note_status', 'type': 'text'},
            {'api': 'CurrencyIsoCode', 'column': 'currency_code', 'type': 'text', 'optional_column': true},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id', 'optional_column': true},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean', 'optional_column': true},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'ProcessInstance', 'model': 'process_instances', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'process_instance_id', 'type': 'id', 'not_null': true},
            {'api': 'TargetObjectId', 'column': 'target_object_id', 'type': 'id', 'not_null': true},
            {'api': 'Status', 'column': 'process_status', 'type': 'text'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CompletedDate', 'column': 'completed_at', 'type': 'timestamp'},
            {'api': 'SubmittedById', 'column': 'submitted_by_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean', 'optional_column': true},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'ProcessInstanceStep', 'model': 'process_instance_steps', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'process_instance_step_id', 'type': 'id', 'not_null': true},
            {'api': 'ProcessInstanceId', 'column': 'process_instance_id', 'type': 'id', 'not_null': true, 'parent': 'stg_salesforce__process_instances'},
            {'api': 'StepStatus', 'column': 'step_status', 'type': 'text', 'not_null': true},
            {'api': 'ActorId', 'column': 'actor_id', 'type': 'id'},
            {'api': 'OriginalActorId', 'column': 'original_actor_id', 'type': 'id'},
            {'api': 'Comments', 'column': 'comments', 'type': 'text'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'Task', 'model': 'tasks', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'task_id', 'type': 'id', 'not_null': true},
            {'api': 'WhatId', 'column': 'what_id', 'type': 'id'},
            {'api': 'Subject', 'column': 'subject', 'type': 'text'},
            {'api': 'Type', 'column': 'task_type', 'type': 'text'},
            {'api': 'TaskSubtype', 'column': 'task_subtype', 'type': 'text'},
            {'api': 'Status', 'column': 'task_status', 'type': 'text'},
            {'api': 'ActivityDate', 'column': 'activity_on', 'type': 'date'},
            {'api': 'CreatedDate', 'column': 'created_at', 'type': 'timestamp', 'not_null': true},
            {'api': 'CompletedDateTime', 'column': 'completed_at', 'type': 'timestamp'},
            {'api': 'OwnerId', 'column': 'owner_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'EmailMessage', 'model': 'email_messages', 'optional': false, 'fields': [
            {'api': 'Id', 'column': 'email_message_id', 'type': 'id', 'not_null': true},
            {'api': 'RelatedToId', 'column': 'related_to_id', 'type': 'id'},
            {'api': 'Subject', 'column': 'subject', 'type': 'text'},
            {'api': 'Status', 'column': 'email_status', 'type': 'text'},
            {'api': 'MessageDate', 'column': 'message_at', 'type': 'timestamp'},
            {'api': 'Incoming', 'column': 'is_incoming', 'type': 'boolean'},
            {'api': 'CreatedById', 'column': 'created_by_id', 'type': 'id'},
            {'api': 'IsDeleted', 'column': 'is_deleted', 'type': 'boolean'},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
        {'name': 'DatedConversionRate', 'model': 'dated_conversion_rates', 'optional': true, 'fields': [
            {'api': 'Id', 'column': 'dated_conversion_rate_id', 'type': 'id', 'not_null': true},
            {'api': 'IsoCode', 'column': 'currency_code', 'type': 'text', 'not_null': true},
            {'api': 'ConversionRate', 'column': 'conversion_rate', 'type': 'rate', 'not_null': true},
            {'api': 'StartDate', 'column': 'start_on', 'type': 'date', 'not_null': true},
            {'api': 'NextStartDate', 'column': 'next_start_on', 'type': 'date'},
            {'api': 'SystemModstamp', 'column': 'system_modified_at', 'type': 'timestamp', 'optional_column': true},
        ]},
    ] -%}
    {{ return(objects) }}
{% endmacro %}


{#- Return the registry entry of one object, failing with a clear message for a typo. -#}
{% macro salesforce_object(name) %}
    {%- for object in salesforce_objects() if object.name == name -%}
        {{ return(object) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("Unknown Salesforce object '" ~ name ~ "': add it to macros/salesforce/salesforce_objects.sql") }}
{% endmacro %}


{#- Raw column name of an API field: the API name in lower case, unquoted on every engine. -#}
{% macro salesforce_raw_column(api_name) %}
    {{- return(api_name | lower) -}}
{% endmacro %}


{#- The registered objects that have the given API field, such as SystemModstamp. -#}
{% macro salesforce_objects_with_field(api_name) %}
    {%- set objects = [] -%}
    {%- for object in salesforce_objects() -%}
        {%- if object.fields | selectattr('api', 'equalto', api_name) | list -%}
            {%- do objects.append(object) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(objects) }}
{% endmacro %}
