import json
O = lambda *n, **k: dict(names=list(n), **k)
orgs = [
 O("株式会社ミライロジ","ミライロジ"), O("株式会社ハコブネ物流","ハコブネ物流"),
 O("サクラエナジー株式会社","サクラエナジー"), O("福岡県"),
 O("国立大学法人東北大学","東北大学","Tohoku University"), O("株式会社アオバマテリアルズ","アオバマテリアルズ"),
 O("一般社団法人日本スマート農業協会","日本スマート農業協会"), O("横浜市"),
 O("横浜市役所", optional=True),
 O("株式会社ネクストヘルス","ネクストヘルス"), O("株式会社グローバル・ブレイン","グローバル・ブレイン"),
 O("SMBCベンチャーキャピタル株式会社","SMBCベンチャーキャピタル"),
 O("Apple","アップル","米アップル"), O("Siemens","シーメンス","独シーメンス"), O("Hitachi","日立製作所"),
 O("Toyota Motor","トヨタ自動車"), O("Nidec","ニデック"), O("BYD","比亜迪"),
 O("Samsung Electronics","サムスン電子","韓国サムスン電子"), O("Arm Holdings","アーム・ホールディングス","英アーム・ホールディングス"),
 O("SoftBank Group","ソフトバンクグループ"), O("Mitsubishi Corporation","三菱商事"),
 O("大阪府"), O("大阪市"), O("Kansai Electric Power","関西電力"),
 O("Ministry of Economy, Trade and Industry","経済産業省"),
 O("New Energy and Industrial Technology Development Organization","NEDO","新エネルギー・産業技術総合開発機構","国立研究開発法人新エネルギー・産業技術総合開発機構"),
 O("Rakuten Group","楽天グループ"), O("Japan Post","日本郵便"),
 O("Mizuho Financial Group","みずほフィナンシャルグループ"), O("KKR"),
 O("Nippon Steel","日本製鉄"), O("U.S. Steel","USスチール"),
 O("Fast Retailing","ファーストリテイリング"), O("Seven & i Holdings","セブン&アイ・ホールディングス"),
 O("東京都"), O("株式会社スカイモビリティ","スカイモビリティ"),
 O("Panasonic Holdings","パナソニックホールディングス"), O("帝国データバンク","Teikoku Databank"),
 O("ニッポンケミカル株式会社","ニッポンケミカル"), O("Foxconn","鴻海精密工業","鴻海"),
 O("Sony Group","ソニーグループ"), O("Dai-ichi Life Holdings","第一生命ホールディングス"),
 O("Kyushu Electric Power","九州電力"), O("西日本鉄道","Nishi-Nippon Railroad"),
 O("株式会社ビジョンAI","ビジョンAI"), O("Kyushu University","九州大学"),
 O("National Institute of Advanced Industrial Science and Technology","産業技術総合研究所","国立研究開発法人産業技術総合研究所","AIST"),
 O("Bank of Japan","日本銀行"), O("Astellas Pharma","アステラス製薬"),
 O("イオバンス・バイオセラピューティクス","Iovance Biotherapeutics"),
 O("LY Corporation","LINEヤフー株式会社","LINEヤフー"), O("Naver","ネイバー","韓国ネイバー"),
 O("Japan International Cooperation Agency","国際協力機構","JICA"), O("ベトナム政府", optional=True),
 O("株式会社ハレノヒ","ハレノヒ"), O("イオンリテール株式会社","イオンリテール"),
 O("ホクリク精機株式会社","ホクリク精機"),
]
D = lambda v, t, **k: dict(value=v, text=t, **k)
dates = [D("2025-07-01","2025年7月1日付"), D("2025-07-10","2025年7月10日"), D("2025-08","2025年8月"),
 D("2028-03","2028年3月"), D("2025-08-05","8月5日"), D("2025-07-14","14日"), D("2025","年内"),
 D("2026-03","2026年3月期"), D("2025-04","25年4〜6月期"), D("2025-06","25年4〜6月期"),
 D("2027","2027年末"), D("2028","2028年"), D("2030","2030年までに"), D("2025-07-15","15日"),
 D("2026","2026年後半"), D("2025-06-30","2025年6月30日"), D("2026-01","2026年1月"),
 D("2025-07-08","2025年7月8日"), D("2024","2024年"), D("2025-01","1〜3月期"), D("2025-03","1〜3月期"),
 D("2025-07-31","31日")]
F = lambda kind, v, t, **k: dict(kind=kind, value=v, text=t, **k)
JPY = dict(currency="JPY"); USD = dict(currency="USD")
figs = [
 F("count",500,"500社以上",qualifier="over"), F("count",3,"3年間",optional=True), F("count",5,"5年間",optional=True),
 F("count",15,"15年間",optional=True), F("count",10,"10カ所"), F("money",1.2e7,"約1200万円",**JPY),
 F("money",3e8,"約3億円",**JPY), F("money",1.5e9,"15億円",**JPY), F("count",6,"6社"),
 F("count",10000,"約1万人"), F("count",1200,"1,200施設"), F("money",1e12,"1兆円超",**JPY),
 F("percent",21.0,"21.0%"), F("money",3.8e12,"3兆8000億円",**JPY), F("percent",1.2,"1.2%"),
 F("money",4.85e13,"48兆5000億円",**JPY), F("percent",12.3,"12.3%"), F("money",1.2e12,"1兆2000億円",**JPY),
 F("percent",30,"3割"), F("money",1.2e11,"1200億円",**JPY), F("count",100,"100店舗"),
 F("multiplier",2,"2倍"), F("money",4.5e10,"約450億ドル",**USD), F("percent",50,"5割"),
 F("money",3e10,"最大300億円",**JPY), F("money",1.1e10,"約110億ドル",**USD), F("percent",6,"6%"),
 F("money",3.8e11,"3800億円",**JPY), F("count",4,"4期連続",optional=True),
 F("money",4e9,"40億ドル",**USD), F("money",6e9,"最大60億ドル",**USD), F("money",2e11,"約2000億円",**JPY),
 F("percent",10,"1割"), F("count",4990,"4,990件"), F("money",1e9,"10億円",**JPY),
 F("percent",51,"51%"), F("percent",49,"49%"), F("count",300,"約300人"), F("money",1.5e11,"約1,500億円",**JPY),
 F("percent",15,"約15%"), F("money",2.6e13,"約26兆円",**JPY), F("percent",0.2,"0.2%"), F("percent",0.5,"0.5%"),
 F("multiplier",2.3,"2.3倍"), F("money",5.8e9,"58億円",**JPY), F("money",1e10,"100億〜120億円",value_max=1.2e10,**JPY),
 F("money",3e9,"約30億ドル",**USD), F("money",5e10,"約500億円",**JPY),
]
def P(*names): 
    for o in orgs:
        if names[0] in o["names"]: return o["names"]
    raise KeyError(names)
A = lambda kind, parties, date, status, text, **k: dict(kind=kind, parties=[P(p) for p in parties], date=date, status=status, text=text, **k)
agrs = [
 A("partnership",["ミライロジ","ハコブネ物流"],"2025-07-01",["signed"],"業務提携契約を2025年7月1日付で締結"),
 A("agreement",["サクラエナジー","福岡県"],"2025-07-10",["signed"],"連携協定を締結"),
 A("memorandum",["東北大学","アオバマテリアルズ"],None,["signed"],"覚書を締結"),
 A("agreement",["日本スマート農業協会","横浜市"],["2025-08-05",None],["planned"],"包括連携協定を締結する予定"),
 A("agreement",["シーメンス","日立製作所"],None,["reached"],"協業することで基本合意"),
 A("contract",["アーム・ホールディングス","ソフトバンクグループ"],None,["signed"],"契約を締結"),
 A("contract",["三菱商事"],None,["signed"],"長期売買契約を結んだ"),
 A("agreement",["大阪府","大阪市","関西電力"],None,["signed"],"連携協定に署名"),
 A("partnership",["楽天グループ","日本郵便"],None,["reached"],"資本業務提携の拡大で合意"),
 A("partnership",["みずほフィナンシャルグループ","KKR"],None,["planned","proposed"],"提携する方向で最終調整"),
 A("agreement",["東京都","スカイモビリティ"],"2025-07-15",["signed"],"協定を今月15日に締結"),
 A("agreement",["ニッポンケミカル","鴻海"],"2025-06-30",["signed"],"基本合意書を2025年6月30日に締結"),
 A("partnership",["九州電力","西日本鉄道"],None,["reached"],"業務提携に合意"),
 A("contract",["ビジョンAI","九州大学"],"2025-07-08",["signed"],"共同研究契約を締結"),
 A("memorandum",["ビジョンAI","産業技術総合研究所"],"2025-07-08",["signed"],"技術協力の覚書を交わした"),
 A("agreement",["アステラス製薬","イオバンス・バイオセラピューティクス"],None,["reached"],"買収することで合意"),
 A("contract",["国際協力機構","ベトナム政府"],None,["signed"],"円借款契約が締結された"),
 A("partnership",["ハレノヒ","イオンリテール"],["2026",None],["planned"],"業務提携契約の締結を目指す"),
]
g = dict(doc="2025-07-15_synthetic_ja-deals-results.txt", lang="ja", published="2025-07-15",
         title="提携・決算・投資の動き 国内企業と海外大手", organizations=orgs, dates=dates, figures=figs, agreements=agrs)
json.dump(g, open("tests/data/gold-ja/2025-07-15_synthetic_ja-deals-results.json","w"), ensure_ascii=False, indent=1)
print(len(orgs), len(dates), len(figs), len(agrs))
