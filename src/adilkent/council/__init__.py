"""The City Council and its bodies (assemblies, working groups, the Children's Assembly and
its committees, forums): members with their roles and terms, meetings with agenda, attendance
and minutes, and the recommendations a body adopts to a municipal unit, answered by a
deadline."""
