"""Analysis over the neutral graph model: centrality and communities, subgraph selection and
layout."""
