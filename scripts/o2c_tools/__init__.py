"""Helpers of the o2c_billing scripts: Salesforce Ids and the export generator."""
