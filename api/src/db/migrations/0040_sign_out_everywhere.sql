-- "Sign out everywhere" ends the customer's sessions in every browser, not only its remembered devices. A session is
-- a signed token nobody keeps a list of, so the revocation names the customer and a time instead: the customer's
-- sessions whose customer authenticated before it are refused (a shared view, a third party's, is not theirs to end).
-- Like the other rows it lives only while such a session could (renewing needs an unrevoked session).
alter table session_revocations add column authenticated_before timestamptz;
