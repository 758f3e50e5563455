# The import id is the test workspace's id code.
terraform import intercom_test_workspace.staging tst98765
