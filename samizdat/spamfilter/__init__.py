"""A small learning spam filter: naive Bayes over words, links and author fields, kept in the
database and trained by moderators' decisions. The interface is spamfilter.services."""
