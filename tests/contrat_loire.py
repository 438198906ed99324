"""A second contract's content, of our own making: a fictional contrat de ville of Saint-Chamond
(Loire, Saint-Étienne Métropole), with other themes, titles, objectives, pilots and a partners
column. The bodies it names are the Loire's, never Montpellier's: the ids each pilot and partner
cell must give are written beside it."""

from __future__ import annotations

#: (enjeu, label) and its fiches: (title, objectives as (level, text), call for projects,
#: pilot cell, ids it gives, partners cell, ids it gives).
CONTENT = [
    (1, "Emploi, insertion et développement économique", [
        ("Accompagner les jeunes sans emploi vers une première expérience",
         [(1, "Repérer les jeunes éloignés des structures d'accompagnement"),
          (1, "Proposer des stages courts dans les entreprises du bassin"), (2, "industrie et logistique")],
         True, "Mission locale, France Travail", ["mission-locale", "france-travail"],
         "Saint-Étienne Métropole, Région", ["epci-saint-etienne-metropole", "region-auvergne-rhone-alpes"]),
        ("Soutenir la création d'activité dans les quartiers",
         [(0, "Une permanence mensuelle d'information sur la création d'entreprise se tient au centre-ville."),
          (1, "Orienter les porteurs de projet vers les financements adaptés")],
         True, "Saint-Étienne Métropole", ["epci-saint-etienne-metropole"],
         "Banque des Territoires, Bpifrance", ["banque-des-territoires", "bpi"]),
        ("Lever les freins à la mobilité pour l'emploi",
         [(1, "Développer le prêt de deux-roues"), (1, "Financer le permis de conduire des demandeurs d'emploi")],
         False, "DDETS de la Loire", ["ddets-42"], "France Travail, Mission locale", ["france-travail", "mission-locale"]),
        ("Renforcer la clause d'insertion dans les marchés publics",
         [(1, "Mutualiser le suivi des heures d'insertion entre donneurs d'ordre")],
         False, "Métropole et Ville", ["epci-saint-etienne-metropole", "ville-42-saint-chamond"],
         "Bailleurs sociaux", ["bailleurs"]),
        ("Faciliter l'accès des femmes aux formations qualifiantes",
         [(1, "Proposer des solutions de garde pendant les formations"), (1, "Valoriser les métiers techniques")],
         True, "Région Auvergne-Rhône-Alpes", ["region-auvergne-rhone-alpes"], "CAF de la Loire, Centres sociaux",
         ["caf-42", "centres-sociaux"]),
        ("Coordonner les acteurs de l'insertion par l'activité économique",
         [(0, "Un comité de suivi réunit chaque trimestre les structures d'insertion du territoire.")],
         False, "Préfecture de la Loire", ["prefecture-42"], "DDETS, Département", ["ddets-42", "departement-42"]),
    ]),
    (2, "Cohésion sociale, éducation et santé", [
        ("Prévenir le décrochage scolaire au collège",
         [(1, "Accueillir les élèves exclus temporairement"), (1, "Associer les familles au suivi")],
         True, "DSDEN de la Loire", ["dsden-42"], "Ville de Saint-Chamond, Centres sociaux",
         ["ville-42-saint-chamond", "centres-sociaux"]),
        ("Développer l'accompagnement à la scolarité",
         [(1, "Ouvrir des ateliers du soir dans chaque quartier"), (2, "aide aux devoirs"), (2, "lecture partagée")],
         True, "Ville", ["ville-42-saint-chamond"], "CAF, Éducation nationale", ["caf-42", "education-nationale"]),
        ("Améliorer l'accès aux droits de santé",
         [(1, "Organiser des permanences de la caisse d'assurance maladie"),
          (1, "Aider à l'ouverture des droits à la complémentaire santé")],
         False, "CPAM de la Loire", ["cpam-42"], "ARS, CCAS", ["ars-auvergne-rhone-alpes", "ccas-42-saint-chamond"]),
        ("Soutenir la santé mentale des habitants",
         [(1, "Former les professionnels de première ligne au repérage")],
         True, "ARS Auvergne-Rhône-Alpes", ["ars-auvergne-rhone-alpes"], "Département de la Loire", ["departement-42"]),
        ("Accompagner les parents dans leur rôle éducatif",
         [(1, "Créer des lieux d'accueil parents-enfants"), (1, "Soutenir les groupes de parole")],
         True, "CAF de la Loire", ["caf-42"], "Ville, Conseils citoyens", ["ville-42-saint-chamond", "conseils-citoyens"]),
        ("Rendre la pratique sportive accessible à tous",
         [(1, "Réduire le coût des licences pour les familles modestes"), (1, "Ouvrir les gymnases le dimanche")],
         True, "Ville de Saint-Chamond", ["ville-42-saint-chamond"], "Maison des associations du Gier", []),
        ("Favoriser l'accès à la culture des jeunes",
         [(0, "Des résidences d'artistes sont installées dans les écoles des quartiers prioritaires.")],
         True, "DRAC", ["drac-auvergne-rhone-alpes"], "Ville, Région", ["ville-42-saint-chamond", "region-auvergne-rhone-alpes"]),
    ]),
    (3, "Cadre de vie et renouvellement urbain", [
        ("Conduire le projet de renouvellement urbain du quartier Crêt de Roch",
         [(1, "Démolir et reconstruire l'offre de logements sociaux"), (1, "Requalifier les espaces publics")],
         False, "Saint-Étienne Métropole, ANRU", ["epci-saint-etienne-metropole", "anru"],
         "Bailleurs sociaux, Banque des Territoires", ["bailleurs", "banque-des-territoires"]),
        ("Améliorer la gestion urbaine de proximité",
         [(1, "Organiser des diagnostics en marchant avec les habitants"), (1, "Traiter les dépôts sauvages")],
         True, "Ville et bailleurs", ["ville-42-saint-chamond", "bailleurs"], "Conseils citoyens", ["conseils-citoyens"]),
        ("Accompagner la rénovation énergétique des copropriétés",
         [(1, "Repérer les copropriétés fragiles"), (1, "Mobiliser les aides à la rénovation")],
         False, "Métropole", ["epci-saint-etienne-metropole"], "ADEME, Département", ["ademe", "departement-42"]),
        ("Développer les jardins partagés",
         [(1, "Mettre des parcelles à disposition des associations d'habitants")],
         True, "Ville", ["ville-42-saint-chamond"], "Centres sociaux", ["centres-sociaux"]),
        ("Favoriser les mobilités douces entre les quartiers et le centre",
         [(1, "Aménager des pistes cyclables continues"), (1, "Adapter les horaires des bus")],
         False, "Saint-Étienne Métropole", ["epci-saint-etienne-metropole"], "Région", ["region-auvergne-rhone-alpes"]),
    ]),
    (4, "Tranquillité publique et citoyenneté", [
        ("Prévenir la délinquance des mineurs",
         [(1, "Développer les mesures de réparation"), (1, "Renforcer le travail de rue")],
         False, "Préfecture, Ville", ["prefecture-42", "ville-42-saint-chamond"], "PJJ, Police nationale",
         ["pjj", "police-nationale"]),
        ("Accompagner les personnes sortant de détention",
         [(1, "Préparer la sortie avec les services d'insertion et de probation")],
         False, "SPIP de la Loire", ["spip-42"], "Mission locale, CCAS", ["mission-locale", "ccas-42-saint-chamond"]),
        ("Soutenir les conseils citoyens",
         [(1, "Former les membres à la conduite de projets"), (1, "Doter chaque conseil d'un budget de fonctionnement")],
         True, "Etat et Ville", ["etat", "ville-42-saint-chamond"], "Centres sociaux", ["centres-sociaux"]),
        ("Lutter contre les discriminations à l'embauche",
         [(1, "Sensibiliser les employeurs du bassin"), (1, "Organiser des parrainages")],
         True, "Département de la Loire", ["departement-42"], "France Travail", ["france-travail"]),
        ("Faciliter l'accès au numérique",
         [(1, "Ouvrir des lieux de médiation numérique"), (1, "Accompagner les démarches administratives en ligne")],
         True, "Ville de Saint-Chamond", ["ville-42-saint-chamond"], "CAF, CPAM", ["caf-42", "cpam-42"]),
    ]),
]

#: The territory file a data officer would write for this contract.
TERRITORY = '''departement = "42"

[[communes]]
nom = "Saint-Chamond"
code_insee = "42207"

[epci]
nom = "Saint-Étienne Métropole"
'''


def loire_fiches() -> list[dict]:
    """The fiches as content to lay out (``tests/synthetic.render``), with their expected ids."""
    out = []
    for enjeu, libelle, fiches in CONTENT:
        for n, (title, objectives, open_call, pilots, pilot_ids, partners, partner_ids) in enumerate(fiches, 1):
            out.append({"enjeu": enjeu, "enjeu_libelle": libelle, "numero": f"{enjeu}.{n}", "intitule": title,
                        "objectifs": [text for _, text in objectives],
                        "objectifs_niveaux": [level for level, _ in objectives], "appel_a_projets": open_call,
                        "pilote_brut": pilots, "pilotes": pilot_ids, "extra": {"Partenaires": partners},
                        "partenaires": partner_ids})
    return out


#: Orientations, the second theme level of the two-level edition: three fiches each at most.
ORIENTATIONS = [
    "Ouvrir l'accès à l'emploi", "Faire vivre l'économie des quartiers",
    "Réussir à l'école", "Prendre soin de sa santé", "Vivre ensemble",
    "Transformer les quartiers", "Habiter un cadre de vie apaisé",
    "Protéger et prévenir", "Agir en citoyen",
]


def loire_two_levels(per_orientation: int = 3) -> list[dict]:
    """The same contract with two theme levels: each axis cut into orientations ("1.2"), each
    fiche numbered within its orientation ("1.2.3")."""
    labels = iter(ORIENTATIONS)
    out = []
    for enjeu in sorted({f["enjeu"] for f in loire_fiches()}):
        fiches = [f for f in loire_fiches() if f["enjeu"] == enjeu]
        for k in range(0, len(fiches), per_orientation):
            orientation, label = f"{enjeu}.{k // per_orientation + 1}", next(labels)
            for n, fiche in enumerate(fiches[k:k + per_orientation], 1):
                out.append({**fiche, "numero": f"{orientation}.{n}", "sous_enjeu": orientation,
                            "sous_enjeu_libelle": label})
    return out
