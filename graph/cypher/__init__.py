"""Cypher: the statements newsgraph sends, the graph as property-graph rows, query results,
named queries, and the two engines (Neo4j over Bolt, embedded LadybugDB), which never import
each other; :mod:`graph.cypher.sync` connects them to the store."""
